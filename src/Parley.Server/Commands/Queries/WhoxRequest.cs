namespace Parley.Server.Commands.Queries;

/// <summary>The WHOX part of a WHO command ("%tcuhnfar,123"): which fields to reply with, and the client's token.</summary>
/// <remarks>Fields always come back in the fixed order of <see cref="Order"/>, whatever order the client asked in.</remarks>
internal sealed class WhoxRequest
{
    /// <summary>Every field letter, in the order the fields appear in RPL_WHOSPCRPL.</summary>
    public const string Order = "tcuihsnfdlaor";

    private WhoxRequest(string fields, string token)
    {
        Fields = fields;
        Token = token;
    }

    /// <summary>The requested field letters, in reply order.</summary>
    public string Fields { get; }

    /// <summary>The query type token echoed back for 't' (at most three digits; "0" when none was given).</summary>
    public string Token { get; }

    /// <summary>Parses the text after '%'; unknown letters are ignored, as is a token that is not 1 to 3 digits.</summary>
    public static WhoxRequest Parse(string text)
    {
        var comma = text.IndexOf(',');
        var letters = comma < 0 ? text : text[..comma];
        var token = comma < 0 ? string.Empty : text[(comma + 1)..];
        if (token.Length is < 1 or > 3 || !token.All(char.IsAsciiDigit))
        {
            token = "0";
        }
        var fields = new string(Order.Where(letters.Contains).ToArray());
        return new WhoxRequest(fields, token);
    }
}
