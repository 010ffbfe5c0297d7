using System.Globalization;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>MODE on a room: with no mode string, RPL_CHANNELMODEIS and RPL_CREATIONTIME; "+b", "+e" or "+I" alone,
/// that mask list; otherwise the changes, applied in order by a room operator, and the ones that changed something told
/// to the room as one MODE line.</summary>
internal static class RoomModeCommand
{
    /// <summary>One change that took effect: its direction, letter and parameter (if the letter shows one).</summary>
    private readonly record struct Applied(bool Adding, char Letter, string? Argument);

    public static void Handle(CommandContext ctx)
    {
        var name = ctx.Params[0];
        var room = ctx.Hub.Rooms.Find(name);
        if (room is null)
        {
            ctx.Reply(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }
        if (ctx.Params.Count < 2 || ctx.Params[1].Length == 0)
        {
            SendModeIs(ctx, room);
            return;
        }
        Change(ctx, room);
    }

    private static void SendModeIs(CommandContext ctx, Room room)
    {
        ctx.Reply(Numerics.RPL_CHANNELMODEIS, [room.Name, .. RoomModeLetters.Describe(room, showKey: room.Contains(ctx.Session))]);
        ctx.Reply(Numerics.RPL_CREATIONTIME, room.Name, room.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    private static void Change(CommandContext ctx, Room room)
    {
        var session = ctx.Session;
        var isOperator = room.IsOperator(session);
        var nextArgument = 2;
        var withArgument = 0;
        var adding = true;
        var listed = new HashSet<char>();
        var refused = false;
        var missing = false;
        var reportedUnknown = new HashSet<char>();
        var applied = new List<Applied>();

        foreach (var letter in ctx.Params[1])
        {
            if (letter is '+' or '-')
            {
                adding = letter == '+';
                continue;
            }
            var kind = RoomModeLetters.KindOf(letter);
            if (kind == RoomModeKind.Unknown)
            {
                if (reportedUnknown.Add(letter))
                {
                    ctx.Reply(Numerics.ERR_UNKNOWNMODE, letter.ToString(), $"is unknown mode char to me for {room.Name}");
                }
                continue;
            }

            var hasArgument = nextArgument < ctx.Params.Count;
            if (kind == RoomModeKind.List && !hasArgument)
            {
                if (listed.Add(letter))
                {
                    SendList(ctx, room, MaskList.Of(letter)!);
                }
                continue;
            }
            var needsArgument = kind is RoomModeKind.List or RoomModeKind.Member || (adding && kind is RoomModeKind.Key or RoomModeKind.Limit);
            var takesArgument = needsArgument || (!adding && kind == RoomModeKind.Key && hasArgument);
            string? argument = null;
            if (takesArgument)
            {
                if (!hasArgument)
                {
                    if (!missing)
                    {
                        missing = true;
                        ctx.NeedMoreParams();
                    }
                    continue;
                }
                argument = ctx.Params[nextArgument++];
                // MODES=4: changes with a parameter beyond the advertised number are dropped, as ISUPPORT warns.
                if (++withArgument > ServerSupport.MaxModesPerCommand)
                {
                    continue;
                }
            }

            if (!isOperator)
            {
                if (!refused)
                {
                    refused = true;
                    ctx.Reply(Numerics.ERR_CHANOPRIVSNEEDED, room.Name, "You're not channel operator");
                }
                continue;
            }

            var result = kind switch
            {
                RoomModeKind.Flag => SetFlag(room, adding, letter),
                RoomModeKind.Key => SetKey(ctx, room, adding, argument),
                RoomModeKind.Limit => SetLimit(ctx, room, adding, argument),
                RoomModeKind.List => SetListEntry(ctx, room, MaskList.Of(letter)!, adding, argument!),
                _ => SetMember(ctx, room, adding, letter, argument!),
            };
            if (result is { } change)
            {
                // A flag set and unset again in the same command ("+n-n+n..." hundreds of times) is told as its net
                // effect: a flip that undoes an earlier one removes it, so the announcement stays short and true.
                var undone = kind == RoomModeKind.Flag ? applied.FindIndex(a => a.Letter == letter) : -1;
                if (undone >= 0)
                {
                    applied.RemoveAt(undone);
                }
                else
                {
                    applied.Add(change);
                }
            }
        }

        if (applied.Count > 0)
        {
            Announce(ctx.Hub, session, room, applied);
        }
    }

    private static Applied? SetFlag(Room room, bool adding, char letter)
    {
        var flag = RoomModeLetters.FlagOf(letter);
        if (room.Modes.HasFlag(flag) == adding)
        {
            return null;
        }
        room.Modes = adding ? room.Modes | flag : room.Modes & ~flag;
        return new Applied(adding, letter, null);
    }

    private static Applied? SetKey(CommandContext ctx, Room room, bool adding, string? key)
    {
        if (!adding)
        {
            if (room.JoinKey is null)
            {
                return null;
            }
            room.JoinKey = null;
            return new Applied(false, 'k', "*"); // group B always shows a parameter; the old key is not repeated
        }
        if (!IsValidKey(key!))
        {
            ctx.Reply(Numerics.ERR_INVALIDKEY, room.Name, "Key is not well-formed");
            return null;
        }
        if (room.JoinKey == key)
        {
            return null;
        }
        room.JoinKey = key;
        return new Applied(true, 'k', key);
    }

    /// <summary>RFC 2812's key: 1 to 23 characters, no spaces or control characters; Parley also refuses ','
    /// (it separates keys in JOIN) and a leading ':' (it could not travel as a middle parameter).</summary>
    private static bool IsValidKey(string key) =>
        key.Length is > 0 and <= ServerSupport.KeyLength && key[0] != ':' && key.All(c => c > ' ' && c != ',' && c != '\x7f');

    private static Applied? SetLimit(CommandContext ctx, Room room, bool adding, string? text)
    {
        if (!adding)
        {
            if (room.Limit is null)
            {
                return null;
            }
            room.Limit = null;
            return new Applied(false, 'l', null);
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
        {
            ctx.Reply(Numerics.ERR_INVALIDMODEPARAM, room.Name, "l", text!.Length == 0 ? "*" : text, "Invalid limit: a positive number is needed");
            return null;
        }
        if (room.Limit == limit)
        {
            return null;
        }
        room.Limit = limit;
        return new Applied(true, 'l', limit.ToString(CultureInfo.InvariantCulture));
    }

    private static Applied? SetListEntry(CommandContext ctx, Room room, MaskList list, bool adding, string raw)
    {
        var letter = list.Letter.ToString();
        var mask = BanMask.Normalize(raw, allowMute: list.AllowsMute);
        if (mask is null)
        {
            ctx.Reply(Numerics.ERR_INVALIDMODEPARAM, room.Name, letter, raw.Length == 0 ? "*" : raw, $"Invalid {list.What} mask");
            return null;
        }
        var entries = list.EntriesOf(room);
        var folded = IrcCaseMapping.Fold(mask);
        var index = entries.FindIndex(b => IrcCaseMapping.Fold(b.Mask) == folded);
        if (!adding)
        {
            if (index < 0)
            {
                return null;
            }
            var removed = entries[index];
            entries.RemoveAt(index);
            return new Applied(false, list.Letter, removed.Mask);
        }
        if (index >= 0)
        {
            return null;
        }
        if (entries.Count >= ServerSupport.MaxListEntries)
        {
            ctx.Reply(Numerics.ERR_BANLISTFULL, room.Name, letter, $"Channel {list.What} list is full");
            return null;
        }
        entries.Add(new MaskEntry(mask, ctx.Session.Mask, ctx.Hub.Time.GetUtcNow()));
        return new Applied(true, list.Letter, mask);
    }

    private static Applied? SetMember(CommandContext ctx, Room room, bool adding, char letter, string nick)
    {
        var target = ctx.Hub.Nicks.Find(nick);
        if (target is null || !target.IsRegistered)
        {
            ctx.Reply(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            return null;
        }
        if (room.StatusOf(target) is not { } status)
        {
            ctx.Reply(Numerics.ERR_USERNOTINCHANNEL, target.Nick!, room.Name, "They aren't on that channel");
            return null;
        }
        var flag = RoomModeLetters.StatusOf(letter);
        if (status.HasFlag(flag) == adding)
        {
            return null;
        }
        room.Members[target] = adding ? status | flag : status & ~flag;
        return new Applied(adding, letter, target.Nick);
    }

    private static void SendList(CommandContext ctx, Room room, MaskList list)
    {
        if (room.Contains(ctx.Session) || !room.Modes.HasFlag(RoomModes.Secret))
        {
            foreach (var entry in list.EntriesOf(room))
            {
                ctx.Reply(list.ItemNumeric, room.Name, entry.Mask, entry.SetBy, entry.SetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            }
        }
        ctx.Reply(list.EndNumeric, room.Name, list.EndText);
    }

    /// <summary>Tells every member (the changer included) what changed, as one line: "+ik-t key".</summary>
    private static void Announce(ChatHub hub, Session by, Room room, List<Applied> applied)
    {
        var letters = new System.Text.StringBuilder();
        var parameters = new List<string> { room.Name, string.Empty };
        bool? direction = null;
        foreach (var change in applied)
        {
            if (direction != change.Adding)
            {
                direction = change.Adding;
                letters.Append(change.Adding ? '+' : '-');
            }
            letters.Append(change.Letter);
            if (change.Argument is { } argument)
            {
                parameters.Add(argument);
            }
        }
        parameters[1] = letters.ToString();
        var message = hub.Stamp(new IrcMessage(null, by.Mask, "MODE", parameters));
        hub.SendToMany(room.Members.Keys, message);
        hub.MessageLog.LogInformation("{Nick} set mode {Modes} on {Room}", by.Nick, string.Join(' ', parameters.Skip(1)), room.Name);
    }
}
