using Parley.Server.Hub;

namespace Parley.Server.Commands.Operator;

/// <summary>Server notices to every IRC operator about operator business: OPER attempts, KILLs, bans added, lifted or
/// enforced. The same lines go to the connection log.</summary>
internal static class OperatorNotices
{
    /// <summary>Tells every operator (sessions with +o) but <paramref name="except"/> <paramref name="text"/>, as
    /// "*** Notice -- text".</summary>
    public static void Send(ChatHub hub, string text, Session? except = null)
    {
        foreach (var session in hub.Sessions)
        {
            if (session != except && session.IsOperator && session.IsRegistered && !session.IsClosing)
            {
                hub.SendServerNotice(session, "*** Notice -- " + text);
            }
        }
    }
}
