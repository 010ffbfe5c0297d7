using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>How a room mode letter behaves, in the groups of ISUPPORT CHANMODES and PREFIX.</summary>
internal enum RoomModeKind
{
    /// <summary>Not a mode Parley knows.</summary>
    Unknown,

    /// <summary>Group A: a mask list (+b, +e, +I); a parameter adds or removes an entry, none asks for the list.</summary>
    List,

    /// <summary>Group B: always has a parameter (+k); Parley also accepts -k without one.</summary>
    Key,

    /// <summary>Group C: a parameter when set only (+l).</summary>
    Limit,

    /// <summary>Group D: never a parameter (+CQimnst).</summary>
    Flag,

    /// <summary>PREFIX: a member status given to a nick (+o, +v).</summary>
    Member,
}

/// <summary>The room mode letters Parley implements; the one place that ties letters to behaviour.</summary>
internal static class RoomModeLetters
{
    /// <summary>The kind of <paramref name="letter"/>.</summary>
    public static RoomModeKind KindOf(char letter) => letter switch
    {
        'b' or 'e' or 'I' => RoomModeKind.List,
        'k' => RoomModeKind.Key,
        'l' => RoomModeKind.Limit,
        'C' or 'Q' or 'i' or 'm' or 'n' or 's' or 't' => RoomModeKind.Flag,
        'o' or 'v' => RoomModeKind.Member,
        _ => RoomModeKind.Unknown,
    };

    /// <summary>The room flag of a group D letter.</summary>
    public static RoomModes FlagOf(char letter) => letter switch
    {
        'C' => RoomModes.NoCtcp,
        'Q' => RoomModes.NoReplay,
        'i' => RoomModes.InviteOnly,
        'm' => RoomModes.Moderated,
        'n' => RoomModes.NoExternalMessages,
        's' => RoomModes.Secret,
        't' => RoomModes.TopicLock,
        _ => RoomModes.None,
    };

    /// <summary>The member status of a PREFIX letter.</summary>
    public static MemberStatus StatusOf(char letter) => letter == 'o' ? MemberStatus.Operator : MemberStatus.Voice;

    /// <summary>The room's modes as RPL_CHANNELMODEIS shows them ("+CQiklnt", then the parameters of k and l).</summary>
    /// <param name="room">The room.</param>
    /// <param name="showKey">Whether the key itself may be shown (to members) or only "*".</param>
    public static List<string> Describe(Room room, bool showKey)
    {
        var letters = new System.Text.StringBuilder("+");
        var args = new List<string>();
        foreach (var letter in "CQiklmnst")
        {
            switch (letter)
            {
                case 'k' when room.JoinKey is { } key:
                    letters.Append('k');
                    args.Add(showKey ? key : "*");
                    break;
                case 'l' when room.Limit is { } limit:
                    letters.Append('l');
                    args.Add(limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case not ('k' or 'l') when room.Modes.HasFlag(FlagOf(letter)):
                    letters.Append(letter);
                    break;
            }
        }
        args.Insert(0, letters.ToString());
        return args;
    }
}
