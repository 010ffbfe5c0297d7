using System.Globalization;
using Parley.Protocol.Irc;
using Parley.Server.Hub;

namespace Parley.Server.Commands.Channels;

/// <summary>The first parameter of LIST: room names and masks (ELIST M), "!mask" exclusions (ELIST N) and
/// user-count conditions "&lt;N" and "&gt;N" (ELIST U), comma-separated.</summary>
/// <remarks>A room is listed when it matches any name or mask given (or none was given), no exclusion, and
/// every condition. Unrecognised conditions such as C&lt;5 are taken as names, so they match nothing.</remarks>
internal sealed class ListFilter
{
    private readonly List<string> _include = []; // folded names and masks
    private readonly List<string> _exclude = []; // folded masks
    private int _moreThan = -1;
    private int _fewerThan = int.MaxValue;

    private ListFilter()
    {
    }

    /// <summary>A filter that lists every room.</summary>
    public static ListFilter All { get; } = new();

    /// <summary>Reads a LIST parameter such as "#a,#b*,!#bots*,&gt;3".</summary>
    public static ListFilter Parse(string text)
    {
        var filter = new ListFilter();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (item.Length > 1 && item[0] is '<' or '>' && int.TryParse(item.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                if (item[0] == '>')
                {
                    filter._moreThan = Math.Max(filter._moreThan, count);
                }
                else
                {
                    filter._fewerThan = Math.Min(filter._fewerThan, count);
                }
            }
            else if (item.Length > 1 && item[0] == '!')
            {
                filter._exclude.Add(IrcCaseMapping.Fold(item[1..]));
            }
            else
            {
                filter._include.Add(IrcCaseMapping.Fold(item));
            }
        }
        return filter;
    }

    /// <summary>Whether <paramref name="room"/> passes the filter (visibility is checked by the caller).</summary>
    public bool Matches(Room room)
    {
        var count = room.Members.Count;
        if (count <= _moreThan || count >= _fewerThan)
        {
            return false;
        }
        if (_include.Count > 0 && !_include.Any(p => Wildcard.IsMatch(p, room.Key)))
        {
            return false;
        }
        return !_exclude.Any(p => Wildcard.IsMatch(p, room.Key));
    }
}
