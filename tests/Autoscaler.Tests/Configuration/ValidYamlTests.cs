using Autoscaler.Model;

namespace Autoscaler.Tests.Configuration;

public sealed class ValidYamlTests
{
    [Fact]
    public void MinimalScaledObject_GetsKedaDefaults()
    {
        var result = LoaderFixture.Load("""
            apiVersion: autoscaler.dev/v1alpha1
            kind: ScaledObject
            metadata:
              name: worker
            spec:
              scaleTargetRef:
                name: worker
              triggers:
                - type: cron
                  metadata:
                    timezone: UTC
                    start: 0 8 * * *
                    end: 0 18 * * *
                    desiredReplicas: "3"
            """);

        Assert.Empty(result.Errors);
        var so = Assert.IsType<ScaledObject>(Assert.Single(result.Resources).Resource);
        Assert.Equal("default", so.Metadata.Namespace);
        Assert.Equal(30, so.Spec.PollingInterval);
        Assert.Equal(300, so.Spec.CooldownPeriod);
        Assert.Equal(0, so.Spec.InitialCooldownPeriod);
        Assert.Equal(0, so.Spec.MinReplicaCount);
        Assert.Equal(100, so.Spec.MaxReplicaCount);
        Assert.Null(so.Spec.IdleReplicaCount);
        Assert.Equal("apps/v1", so.Spec.ScaleTargetRef.ApiVersion);
        Assert.Equal("Deployment", so.Spec.ScaleTargetRef.Kind);
        Assert.Equal("3", so.Spec.Triggers[0].Metadata["desiredReplicas"]);
    }

    [Fact]
    public void MultiDocumentFile_LoadsEveryKind_AndSkipsForeignKinds()
    {
        var result = LoaderFixture.Load("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: worker
            ---
            apiVersion: keda.sh/v1alpha1
            kind: TriggerAuthentication
            metadata:
              name: creds
              namespace: jobs
            spec:
              secretTargetRef:
                - parameter: password
                  name: db
                  key: pw
            ---
            apiVersion: keda.sh/v1alpha1
            kind: ClusterTriggerAuthentication
            metadata:
              name: shared
            spec:
              env:
                - parameter: token
                  name: TOKEN
            ---
            apiVersion: autoscaler.dev/v1alpha1
            kind: ScaledJob
            metadata:
              name: batch
              namespace: jobs
            spec:
              jobTargetRef:
                parallelism: 1
                template:
                  spec:
                    containers:
                      - name: main
                        image: busybox
              scalingStrategy:
                strategy: accurate
              triggers:
                - type: demo
                  metadata:
                    mode: manual
            ---
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["TriggerAuthentication/jobs/creds", "ClusterTriggerAuthentication/shared", "ScaledJob/jobs/batch"],
            result.Resources.Select(r => r.Key.ToString()));
        Assert.Single(result.Skipped);
        Assert.Contains("apps/v1 Deployment", result.Skipped[0]);
        var job = Assert.IsType<ScaledJob>(result.Resources[2].Resource);
        Assert.Equal(100, job.Spec.SuccessfulJobsHistoryLimit);
        Assert.Equal(100, job.Spec.FailedJobsHistoryLimit);
        Assert.Equal(1L, (long)job.Spec.JobTargetRef!["parallelism"]!);
        Assert.Equal("busybox", (string)job.Spec.JobTargetRef!["template"]!["spec"]!["containers"]![0]!["image"]!);
    }

    [Fact]
    public void FullScaledObject_KeepsAdvancedFallbackAndAnnotations()
    {
        var result = LoaderFixture.Load("""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: full
              namespace: prod
              annotations:
                autoscaling.keda.sh/paused-replicas: "0"
              labels:
                team: payments
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: StatefulSet
                name: db-worker
                envSourceContainerName: main
              pollingInterval: 15
              cooldownPeriod: 120
              initialCooldownPeriod: 60
              idleReplicaCount: 0
              minReplicaCount: 2
              maxReplicaCount: 50
              fallback:
                failureThreshold: 3
                replicas: 6
                behavior: currentReplicasIfHigher
              advanced:
                restoreToOriginalReplicaCount: true
                horizontalPodAutoscalerConfig:
                  name: keda-hpa-full
                  behavior:
                    scaleDown:
                      stabilizationWindowSeconds: 300
                      policies:
                        - type: Percent
                          value: 100
                          periodSeconds: 15
                    scaleUp:
                      selectPolicy: Max
                      policies:
                        - type: Pods
                          value: 4
                          periodSeconds: 15
                scalingModifiers:
                  formula: "a + b"
                  target: "10"
                  activationTarget: "1"
                  metricType: AverageValue
              triggers:
                - type: demo
                  name: a
                  metricType: Value
                  useCachedMetrics: true
                  metadata:
                    mode: manual
                - type: demo
                  name: b
                  metadata:
                    mode: manual
                  authenticationRef:
                    name: creds
            """);

        Assert.Empty(result.Errors);
        var so = Assert.IsType<ScaledObject>(Assert.Single(result.Resources).Resource);
        Assert.Equal("keda.sh/v1alpha1", so.ApiVersion);
        Assert.Equal("0", so.Metadata.Annotations["autoscaling.keda.sh/paused-replicas"]);
        Assert.Equal("StatefulSet", so.Spec.ScaleTargetRef.Kind);
        Assert.Equal(0, so.Spec.IdleReplicaCount);
        Assert.Equal("currentReplicasIfHigher", so.Spec.Fallback!.Behavior);
        Assert.Equal(300, so.Spec.Advanced!.HorizontalPodAutoscalerConfig!.Behavior!.ScaleDown!.StabilizationWindowSeconds);
        Assert.Equal("Pods", so.Spec.Advanced.HorizontalPodAutoscalerConfig.Behavior.ScaleUp!.Policies[0].Type);
        Assert.Equal("a + b", so.Spec.Advanced.ScalingModifiers!.Formula);
        Assert.Equal("Value", so.Spec.Triggers[0].MetricType);
        Assert.True(so.Spec.Triggers[0].UseCachedMetrics);
        Assert.Equal("TriggerAuthentication", so.Spec.Triggers[1].AuthenticationRef!.Kind);
    }
}
