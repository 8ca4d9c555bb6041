using System.Runtime.InteropServices;

namespace Autoscaler.Webhooks;

/// <summary>libc calls the BCL does not expose.</summary>
internal static partial class NativeMethods
{
    /// <summary><c>fdatasync(2)</c>: 0 on success, -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    internal static partial int FDataSync(int fd);
}
