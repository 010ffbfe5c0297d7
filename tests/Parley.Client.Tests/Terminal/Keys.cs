namespace Parley.Client.Tests.Terminal;

/// <summary>ConsoleKeyInfo values as Console.ReadKey reports them.</summary>
internal static class Keys
{
    public static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, shift: false, alt: false, control: false);

    public static IEnumerable<ConsoleKeyInfo> Text(string text) => text.Select(Char);

    public static ConsoleKeyInfo Key(ConsoleKey key, char c = '\0') => new(c, key, shift: false, alt: false, control: false);

    public static ConsoleKeyInfo Control(ConsoleKey key, char c) => new(c, key, shift: false, alt: false, control: true);

    public static readonly ConsoleKeyInfo Enter = Key(ConsoleKey.Enter, '\r');
    public static readonly ConsoleKeyInfo Backspace = Key(ConsoleKey.Backspace, '\b');
    public static readonly ConsoleKeyInfo Left = Key(ConsoleKey.LeftArrow);
    public static readonly ConsoleKeyInfo Right = Key(ConsoleKey.RightArrow);
    public static readonly ConsoleKeyInfo Home = Key(ConsoleKey.Home);
    public static readonly ConsoleKeyInfo End = Key(ConsoleKey.End);
    public static readonly ConsoleKeyInfo Up = Key(ConsoleKey.UpArrow);
    public static readonly ConsoleKeyInfo Down = Key(ConsoleKey.DownArrow);
    public static readonly ConsoleKeyInfo Delete = Key(ConsoleKey.Delete);
    public static readonly ConsoleKeyInfo CtrlC = Control(ConsoleKey.C, '\x03');
    public static readonly ConsoleKeyInfo CtrlD = Control(ConsoleKey.D, '\x04');
    public static readonly ConsoleKeyInfo CtrlU = Control(ConsoleKey.U, '\x15');
    public static readonly ConsoleKeyInfo CtrlW = Control(ConsoleKey.W, '\x17');
}
