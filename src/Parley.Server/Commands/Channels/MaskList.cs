using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>One of a room's mask lists (group A of CHANMODES): the letter that names it, where its entries live,
/// and the numerics that show it.</summary>
internal sealed class MaskList
{
    /// <summary>+b: who may not join or speak.</summary>
    public static readonly MaskList Bans = new('b', r => r.Bans, Numerics.RPL_BANLIST, Numerics.RPL_ENDOFBANLIST,
        "End of channel ban list", "ban", allowsMute: true);

    /// <summary>+e: who may join and speak despite a ban (or a mute).</summary>
    public static readonly MaskList BanExceptions = new('e', r => r.BanExceptions, Numerics.RPL_EXCEPTLIST,
        Numerics.RPL_ENDOFEXCEPTLIST, "End of channel exception list", "exception", allowsMute: true);

    /// <summary>+I: who may join an invite-only room without an invitation.</summary>
    public static readonly MaskList InviteExceptions = new('I', r => r.InviteExceptions, Numerics.RPL_INVEXLIST,
        Numerics.RPL_ENDOFINVEXLIST, "End of channel invite exception list", "invite exception", allowsMute: false);

    private readonly Func<Room, List<MaskEntry>> _entries;

    private MaskList(char letter, Func<Room, List<MaskEntry>> entries, string itemNumeric, string endNumeric, string endText,
        string what, bool allowsMute)
    {
        Letter = letter;
        _entries = entries;
        ItemNumeric = itemNumeric;
        EndNumeric = endNumeric;
        EndText = endText;
        What = what;
        AllowsMute = allowsMute;
    }

    /// <summary>The mode letter.</summary>
    public char Letter { get; }

    /// <summary>The numeric of one entry when the list is shown (367, 348, 346).</summary>
    public string ItemNumeric { get; }

    /// <summary>The numeric that ends the list (368, 349, 347).</summary>
    public string EndNumeric { get; }

    /// <summary>The text of the end numeric.</summary>
    public string EndText { get; }

    /// <summary>What one entry is called in error messages.</summary>
    public string What { get; }

    /// <summary>Whether entries may be mute extbans (<c>m:mask</c>): a mute in +b, an exception from mutes in +e.</summary>
    public bool AllowsMute { get; }

    /// <summary>The list of <paramref name="letter"/>, or null when the letter names no list.</summary>
    public static MaskList? Of(char letter) => letter switch
    {
        'b' => Bans,
        'e' => BanExceptions,
        'I' => InviteExceptions,
        _ => null,
    };

    /// <summary>This list's entries in <paramref name="room"/>.</summary>
    public List<MaskEntry> EntriesOf(Room room) => _entries(room);
}
