namespace Autoscaler.Testing;

/// <summary>Waits for a condition with a deadline, polling; never a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>The default deadline.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="condition"/> until it is true; throws <see cref="TimeoutException"/> with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds}s waiting for: {what}" + (last is null ? "" : $" (last error: {last.Message})"), last);
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Polls a synchronous condition.</summary>
    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Polls until <paramref name="read"/> returns a value that satisfies <paramref name="accept"/>, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        T value = default!;
        await WaitAsync(async () => accept(value = await read()), what, timeout);
        return value;
    }
}
