using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Autoscaler.Kubernetes;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease. Every <see cref="KubernetesOptions.RetryPeriod"/> the
/// instance reads the Lease: the holder renews it (PUT with the current resourceVersion); a standby takes it over once
/// <c>renewTime + leaseDurationSeconds</c> has passed (PUT with the resourceVersion it read, so two standbys cannot both
/// win: the second gets 409 Conflict). A leader that cannot renew within <see cref="KubernetesOptions.RenewDeadline"/>
/// stops writing. A standby therefore takes over within the lease duration plus one retry period.
/// </summary>
internal sealed class LeaseLeadership : BackgroundService, ILeadership
{
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly KubernetesOptions _options;
    private readonly ILogger<LeaseLeadership> _logger;
    private readonly string _namespace;
    private DateTimeOffset _lastRenew = DateTimeOffset.MinValue;
    private volatile bool _leader;
    private volatile string? _holder;

    public LeaseLeadership(IKubernetes client, TimeProvider time, IOptions<KubernetesOptions> options, ILogger<LeaseLeadership> logger)
    {
        _client = client;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _namespace = OperatorNamespace(_options);
        Identity = _options.Identity ?? $"{Environment.MachineName}_{Guid.NewGuid().ToString("N")[..6]}";
    }

    public string Identity { get; }

    public bool IsLeader => _leader && _time.GetUtcNow() - _lastRenew < _options.RenewDeadline;

    public string? Holder => _holder;

    public static string OperatorNamespace(KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.OperatorNamespace))
        {
            return options.OperatorNamespace;
        }

        const string serviceAccountNamespace = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        return File.Exists(serviceAccountNamespace) ? File.ReadAllText(serviceAccountNamespace).Trim() : "autoscaler";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TryAcquireOrRenewAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.LeaseFailed(_logger, _options.LeaseName, ApiErrors.Message(e));
            }

            if (_leader && _time.GetUtcNow() - _lastRenew >= _options.RenewDeadline)
            {
                _leader = false;
                Log.LeadershipLost(_logger, Identity);
            }

            try
            {
                await SyncPodLabelAsync(IsLeader, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.LeaseFailed(_logger, _options.LeaseName, "leader label: " + ApiErrors.Message(e));
            }

            try
            {
                await Task.Delay(_options.RetryPeriod, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await ReleaseAsync().ConfigureAwait(false);
    }

    private async Task TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        V1Lease lease;
        try
        {
            lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            var created = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _namespace },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = Identity,
                    LeaseDurationSeconds = (int)_options.LeaseDuration.TotalSeconds,
                    AcquireTime = now,
                    RenewTime = now,
                    LeaseTransitions = 0,
                },
            };
            try
            {
                await _client.CoordinationV1.CreateNamespacedLeaseAsync(created, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                Became(now);
            }
            catch (Exception conflict) when (ApiErrors.Is(conflict, HttpStatusCode.Conflict))
            {
                // Another instance created it first.
            }

            return;
        }

        var spec = lease.Spec ??= new V1LeaseSpec();
        _holder = spec.HolderIdentity;
        if (spec.HolderIdentity == Identity)
        {
            spec.RenewTime = now;
            await ReplaceAsync(lease, cancellationToken).ConfigureAwait(false);
            _lastRenew = _time.GetUtcNow();
            _leader = true;
            return;
        }

        _leader = false;
        var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)_options.LeaseDuration.TotalSeconds);
        var renewed = spec.RenewTime ?? spec.AcquireTime ?? DateTime.MinValue;
        var expired = string.IsNullOrEmpty(spec.HolderIdentity) || now >= DateTime.SpecifyKind(renewed, DateTimeKind.Utc) + duration;
        if (!expired)
        {
            return;
        }

        spec.HolderIdentity = Identity;
        spec.AcquireTime = now;
        spec.RenewTime = now;
        spec.LeaseDurationSeconds = (int)_options.LeaseDuration.TotalSeconds;
        spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        try
        {
            await ReplaceAsync(lease, cancellationToken).ConfigureAwait(false);
            Became(now);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.Conflict))
        {
            // Another standby won the takeover.
        }
    }

    private void Became(DateTime now)
    {
        _lastRenew = _time.GetUtcNow();
        _leader = true;
        _holder = Identity;
        _labelled = false;
        Log.LeadershipAcquired(_logger, Identity, _options.LeaseName, now);
    }

    private bool _labelled;

    /// <summary>The leader label on this pod follows leadership (when <see cref="KubernetesOptions.PodName"/> is set).</summary>
    private async Task SyncPodLabelAsync(bool leader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.PodName) || leader == _labelled)
        {
            return;
        }

        var labels = new System.Text.Json.Nodes.JsonObject { [LeaderLabel] = leader ? "true" : null };
        var body = new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = labels } };
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
        await _client.CoreV1.PatchNamespacedPodAsync(patch, _options.PodName, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        _labelled = leader;
    }

    /// <summary>The pod label the leader carries.</summary>
    public const string LeaderLabel = "autoscaler.dev/leader";

    private Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken) =>
        _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _namespace, cancellationToken: cancellationToken);

    /// <summary>On shutdown the leader empties the holder so a standby takes over at once, not after the lease duration.</summary>
    private async Task ReleaseAsync()
    {
        if (!_leader)
        {
            return;
        }

        _leader = false;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await SyncPodLabelAsync(false, timeout.Token).ConfigureAwait(false);
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity == Identity)
            {
                lease.Spec.HolderIdentity = null;
                lease.Spec.RenewTime = null;
                await ReplaceAsync(lease, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException || e is k8s.Autorest.HttpOperationException || e is HttpRequestException)
        {
            Log.LeaseFailed(_logger, _options.LeaseName, e.Message);
        }
    }
}
