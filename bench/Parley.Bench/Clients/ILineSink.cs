using Parley.Bench.Wire;

namespace Parley.Bench.Clients;

/// <summary>What a scenario does with the lines its clients receive; called on the client's reader, one line at a time.</summary>
internal interface ILineSink
{
    /// <summary>One line received by <paramref name="client"/>. Replies go to <see cref="BenchClient.Replies"/>, which is sent
    /// after the whole chunk read from the socket is handled.</summary>
    void OnLine(BenchClient client, IrcLine line);

    /// <summary>The connection of <paramref name="client"/> ended while the scenario was running.</summary>
    void OnClosed(BenchClient client);
}
