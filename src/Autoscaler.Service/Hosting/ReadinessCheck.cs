using Autoscaler.Runtime.Status;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Autoscaler.Service.Hosting;

/// <summary>Ready once the configuration has been loaded (the loop then runs every loaded object).</summary>
internal sealed class ReadinessCheck(ConfigStatus config) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(config.Loaded
            ? HealthCheckResult.Healthy($"configuration loaded at {config.LastLoadTime:O}")
            : HealthCheckResult.Unhealthy("configuration not loaded yet"));
}
