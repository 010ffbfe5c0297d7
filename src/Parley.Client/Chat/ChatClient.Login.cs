using System.Text;
using Parley.Protocol.Irc;
using Parley.Protocol.Text;

namespace Parley.Client.Chat;

/// <summary>Logging in to an account while registering (<see cref="ClientOptions.Account"/>): the sasl capability, then
/// SASL PLAIN (IRCv3 sasl-3.1), and only then CAP END, so the welcome finds us logged in. A refused login is reported
/// and registration goes on without an account.</summary>
public sealed partial class ChatClient
{
    private const int SaslChunkBytes = 400;
    private bool _saslStarted;
    private bool _saslDone;

    /// <summary>The account the server says we are logged in to, or null.</summary>
    public string? Account { get; private set; }

    private bool WantsLogin => _options.Account is not null && _options.Password is not null;

    /// <summary>After CAP ACK/NAK before registration: starts SASL when it is wanted and granted, else ends capability
    /// negotiation.</summary>
    private void AfterCapReply(ClientOutput output)
    {
        if (WantsLogin && !_saslStarted && _caps.Contains("sasl"))
        {
            _saslStarted = true;
            output.Messages.Add(new IrcMessage("AUTHENTICATE", "PLAIN"));
            return;
        }
        if (WantsLogin && !_saslStarted)
        {
            ReportNoSasl(output);
        }
        output.Messages.Add(new IrcMessage("CAP", "END"));
    }

    /// <summary>Says once that the login cannot happen here (no sasl capability, or it was refused).</summary>
    private void ReportNoSasl(ClientOutput output)
    {
        if (!_saslDone)
        {
            _saslDone = true;
            output.Lines.Add($"Error: the server does not offer SASL: not logged in as {Clean(_options.Account)}.");
        }
    }

    /// <summary>The server's "AUTHENTICATE +": sends authzid NUL authcid NUL password, base64, in 400-byte pieces.</summary>
    private void OnAuthenticate(ClientOutput output, IrcMessage message)
    {
        if (!_saslStarted || _saslDone || message.Param(0) != "+")
        {
            return;
        }
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{_options.Account}\0{_options.Password}"));
        for (var offset = 0; offset < payload.Length; offset += SaslChunkBytes)
        {
            output.Messages.Add(new IrcMessage("AUTHENTICATE", payload.Substring(offset, Math.Min(SaslChunkBytes, payload.Length - offset))));
        }
        if (payload.Length % SaslChunkBytes == 0)
        {
            output.Messages.Add(new IrcMessage("AUTHENTICATE", "+"));
        }
    }

    /// <summary>The SASL numerics; true when <paramref name="numeric"/> was one.</summary>
    private bool OnLoginNumeric(ClientOutput output, string numeric, IrcMessage message)
    {
        switch (numeric)
        {
            case Numerics.RPL_LOGGEDIN:
                Account = message.Param(2);
                output.Lines.Add($"Logged in as {Clean(Account)}.");
                return true;
            case Numerics.RPL_LOGGEDOUT:
                Account = null;
                output.Lines.Add("Logged out.");
                return true;
            case Numerics.RPL_SASLSUCCESS:
                EndLogin(output);
                return true;
            case Numerics.ERR_NICKLOCKED or Numerics.ERR_SASLFAIL or Numerics.ERR_SASLTOOLONG or Numerics.ERR_SASLABORTED or Numerics.ERR_SASLALREADY:
                if (_saslStarted && !_saslDone)
                {
                    output.Lines.Add($"Error: could not log in as {Clean(_options.Account)}: {TerminalText.Clean(message.Param(message.Parameters.Count - 1))}");
                    EndLogin(output);
                }
                else
                {
                    output.Lines.Add("Error: " + TerminalText.Clean(message.Param(message.Parameters.Count - 1)));
                }
                return true;
            case Numerics.RPL_SASLMECHS:
                return true;
            default:
                return false;
        }
    }

    private void EndLogin(ClientOutput output)
    {
        if (_saslStarted && !_saslDone)
        {
            _saslDone = true;
            if (!IsRegistered)
            {
                output.Messages.Add(new IrcMessage("CAP", "END"));
            }
        }
    }
}
