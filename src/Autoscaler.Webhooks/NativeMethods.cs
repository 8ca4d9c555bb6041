using System.Runtime.InteropServices;

namespace Autoscaler.Webhooks;

/// <summary>libc calls the BCL does not expose.</summary>
internal static partial class NativeMethods
{
    /// <summary><c>fdatasync(2)</c>: 0 on success, -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    internal static partial int FDataSync(int fd);

    /// <summary><c>PRIO_PROCESS</c> for <see cref="SetPriority"/>: on Linux, with a thread id, that one thread.</summary>
    internal const int PrioProcess = 0;

    /// <summary><c>setpriority(2)</c>: 0 on success, -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    internal static partial int SetPriority(int which, int who, int priority);

    /// <summary><c>gettid(2)</c>: the calling thread's id.</summary>
    [LibraryImport("libc", EntryPoint = "gettid")]
    internal static partial int GetTid();
}
