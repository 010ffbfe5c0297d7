using Parley.Client.Chat;
using Parley.Protocol.Irc;

namespace Parley.Client.Tests.Chat;

/// <summary>A <see cref="ChatClient"/> fed raw server lines, for tests that check what the user would see.</summary>
internal sealed class ClientFixture
{
    public ClientFixture(string nick = "alice", string? initialRoom = "#lobby", bool echo = true)
    {
        Client = new ChatClient(new ClientOptions { Nick = nick, InitialRoom = initialRoom }, new Random(7));
        Client.Start();
        Receive(":srv CAP * LS :echo-message multi-prefix server-time");
        Receive(echo ? $":srv CAP * ACK :echo-message multi-prefix" : $":srv CAP * ACK :multi-prefix");
        Receive($":srv 001 {nick} :Welcome");
        if (initialRoom is not null)
        {
            Receive($":{nick}!~{nick}@127.0.0.1 JOIN {initialRoom}");
        }
    }

    public ChatClient Client { get; }

    public ClientOutput Receive(string line) => Client.Receive(IrcParser.Parse(line)!);

    /// <summary>The lines the user sees for one server line.</summary>
    public List<string> Show(string line) => Receive(line).Lines;

    /// <summary>The wire lines sent for one typed line.</summary>
    public List<string> Sent(string typed) => Client.Type(typed).Messages.Select(IrcWriter.ToLine).ToList();
}
