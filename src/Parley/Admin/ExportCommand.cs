using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parley.Protocol.Irc;
using Parley.Server.Storage;

namespace Parley.Admin;

/// <summary>`parley admin export`: a room's (or a private conversation's) history on standard output, as JSON lines or
/// as a plain log.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var room = new Option<string?>("--room", "-r") { Description = "The room to export, e.g. '#lobby'." };
        var between = new Option<string?>("--private")
        {
            Description = "A private conversation to export instead: the two nicks, as NICK1,NICK2.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "jsonl (one JSON object per message) or txt ([time] <nick> text).",
            DefaultValueFactory = _ => "txt",
        };
        format.AcceptOnlyFromAmong("jsonl", "txt");
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only messages at or after this time (e.g. 2026-11-25 or 2026-11-25T09:00:00Z; UTC unless an offset is given).",
            CustomParser = r => DateTimeOffset.Parse(r.Tokens[0].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        };
        var limit = new Option<int?>("--limit", "-n") { Description = "Only the newest N messages (still printed oldest first)." };
        var data = AdminDatabase.DataOption();
        var command = new Command("export", "Print a room's or a private conversation's history to standard output.")
        {
            room, between, format, since, limit, data,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(room) is null) == (r.GetValue(between) is null))
            {
                r.AddError("give either --room '#name' or --private NICK1,NICK2");
            }
            if (r.GetValue(between) is { } pair && pair.Split(',') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                r.AddError("--private takes two nicks: NICK1,NICK2");
            }
        });
        command.SetAction(result =>
        {
            var target = result.GetValue(room) is { } name
                ? HistoryTargets.Room(name)
                : HistoryTargets.Conversation(result.GetValue(between)!.Split(',')[0], result.GetValue(between)!.Split(',')[1]);
            return Run(target, result.GetValue(format) == "jsonl", result.GetValue(since), result.GetValue(limit), result.GetValue(data));
        });
        return command;
    }

    private static int Run(string target, bool json, DateTimeOffset? since, int? limit, string? data)
    {
        try
        {
            using var connection = AdminDatabase.OpenReadOnly(AdminDatabase.DatabasePath(data));
            using var query = connection.CreateCommand();
            // Newest N first when limited, turned back to oldest first by the outer ORDER BY.
            query.CommandText = """
                SELECT time, msgid, sender, account, command, recipient, text, tags FROM (
                    SELECT id, time, msgid, sender, account, command, recipient, text, tags FROM messages
                    WHERE target = $target AND time >= $since
                    ORDER BY id DESC LIMIT $limit)
                ORDER BY id
                """;
            query.Parameters.AddWithValue("$target", target);
            query.Parameters.AddWithValue("$since", since?.ToUnixTimeMilliseconds() ?? long.MinValue);
            query.Parameters.AddWithValue("$limit", limit is > 0 ? limit.Value : -1);
            using var output = Console.OpenStandardOutput();
            using var rows = query.ExecuteReader();
            if (json)
            {
                WriteJsonLines(rows, output);
            }
            else
            {
                WriteText(rows, output);
            }
            return 0;
        }
        catch (Exception ex) when (ex is StorageException or SqliteException or IOException)
        {
            Console.Error.WriteLine($"parley: export failed: {ex.Message}");
            return 1;
        }
    }

    private static DateTimeOffset Time(SqliteDataReader row) => DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(0));

    /// <summary>One object per line: time, msgid, sender, account, command, target, text, tags (client tags as an object).</summary>
    private static void WriteJsonLines(SqliteDataReader rows, Stream output)
    {
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var buffer = new MemoryStream();
        while (rows.Read())
        {
            buffer.SetLength(0);
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                writer.WriteStartObject();
                writer.WriteString("time", Time(rows).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                writer.WriteString("msgid", rows.GetString(1));
                writer.WriteString("sender", rows.GetString(2));
                writer.WriteString("account", rows.IsDBNull(3) ? null : rows.GetString(3));
                writer.WriteString("command", rows.GetString(4));
                writer.WriteString("target", rows.GetString(5));
                writer.WriteString("text", rows.IsDBNull(6) ? null : rows.GetString(6));
                writer.WriteStartObject("tags");
                foreach (var (key, value) in TagEscaping.Split(rows.GetString(7)))
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            output.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    /// <summary>A log a person reads: <c>[2026-11-25 09:00:00] &lt;alice&gt; hello</c>, notices as -alice-, actions as
    /// * alice; TAGMSGs (reactions, typing) carry no text and are left out. A draft/multiline message's later lines are
    /// indented.</summary>
    private static void WriteText(SqliteDataReader rows, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false)) { NewLine = "\n" };
        while (rows.Read())
        {
            if (rows.IsDBNull(6))
            {
                continue;
            }
            var nick = rows.GetString(2).Split('!')[0];
            var text = rows.GetString(6);
            var time = Time(rows).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var line = rows.GetString(4) == "NOTICE" ? $"-{nick}- {text}"
                : text.StartsWith("\u0001ACTION ", StringComparison.Ordinal) ? $"* {nick} {text[8..].TrimEnd('\u0001')}"
                : $"<{nick}> {text}";
            // A multiline message's later lines are indented under its first, so every log line still starts a message.
            writer.WriteLine($"[{time}] {line.Replace("\n", "\n" + new string(' ', time.Length + 3), StringComparison.Ordinal)}");
        }
    }
}
