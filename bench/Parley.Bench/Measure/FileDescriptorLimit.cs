using System.Runtime.InteropServices;

namespace Parley.Bench.Measure;

/// <summary>RLIMIT_NOFILE: the connect scenario needs one descriptor per connection, more than a shell's usual 1,024.</summary>
internal static partial class FileDescriptorLimit
{
    private const int RlimitNofile = 7; // Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, in RLimit limit);

    /// <summary>Raises the soft limit to at least <paramref name="needed"/> (and the hard limit when allowed, as root);
    /// returns the soft limit in force afterwards.</summary>
    public static long Raise(long needed)
    {
        if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out var limit) != 0)
        {
            return long.MaxValue;
        }
        if ((long)limit.Current >= needed)
        {
            return (long)limit.Current;
        }
        var wanted = new RLimit { Current = (ulong)needed, Max = Math.Max(limit.Max, (ulong)needed) };
        if (setrlimit(RlimitNofile, wanted) != 0)
        {
            // Not allowed past the hard limit: take what there is.
            wanted = new RLimit { Current = limit.Max, Max = limit.Max };
            setrlimit(RlimitNofile, wanted);
        }
        getrlimit(RlimitNofile, out limit);
        return (long)limit.Current;
    }
}
