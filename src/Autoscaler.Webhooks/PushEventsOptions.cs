using System.ComponentModel.DataAnnotations;

namespace Autoscaler.Webhooks;

/// <summary>Settings of the event hub (section <c>Autoscaler:Events</c>).</summary>
public sealed class PushEventsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Autoscaler:Events";

    /// <summary>
    /// The journal file: every accepted event is appended here before the sender gets its 2xx, and replayed at start.
    /// The default is <c>data/events.journal</c> under the current folder. It is opened when the first push trigger starts.
    /// </summary>
    [Required]
    public string JournalPath { get; set; } = Path.Combine("data", "events.journal");

    /// <summary>
    /// Whether each group of appends is forced to the disk (fdatasync on Linux, else a full flush) before the 2xx. The default is true: accepted
    /// events survive a power loss too. False keeps them in the OS's cache, which survives a killed process only.
    /// </summary>
    public bool Fsync { get; set; } = true;

    /// <summary>The journal is rewritten with only what is still live once it is larger than this, in bytes. The default is 64 MiB.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxJournalSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many recent event ids per trigger are remembered to drop redeliveries. The default is 100000.</summary>
    [Range(1, 10_000_000)]
    public int DedupeCapacity { get; set; } = 100_000;
}
