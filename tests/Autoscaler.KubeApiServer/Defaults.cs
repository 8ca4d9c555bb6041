using System.Text.Json.Nodes;

namespace Autoscaler.KubeApiServer;

/// <summary>The defaults kube-apiserver fills in on create (wire fact 8), and the checks it makes on built-ins.</summary>
internal static class Defaults
{
    public static void Apply(ResourceType type, JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        switch (type.Key)
        {
            case "apps/deployments" when spec is not null:
                spec["replicas"] ??= 1;
                spec["strategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" } };
                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                PodTemplate(spec["template"] as JsonObject);
                obj["status"] ??= new JsonObject();
                break;
            case "apps/statefulsets" when spec is not null:
                spec["replicas"] ??= 1;
                spec["podManagementPolicy"] ??= "OrderedReady";
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
                spec["revisionHistoryLimit"] ??= 10;
                spec["persistentVolumeClaimRetentionPolicy"] ??= new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" };
                PodTemplate(spec["template"] as JsonObject);
                obj["status"] ??= new JsonObject { ["replicas"] = 0, ["availableReplicas"] = 0 };
                break;
            case "batch/jobs" when spec is not null:
                var uid = obj["metadata"]!["uid"]!.GetValue<string>();
                var name = obj["metadata"]!["name"]!.GetValue<string>();
                spec["parallelism"] ??= 1;
                spec["completions"] ??= 1;
                spec["backoffLimit"] ??= 6;
                spec["completionMode"] ??= "NonIndexed";
                spec["suspend"] ??= false;
                spec["selector"] ??= new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
                if (spec["template"] is JsonObject template)
                {
                    PodTemplate(template);
                    var labels = (JsonObject)((JsonObject)template["metadata"]!)["labels"]!;
                    labels["batch.kubernetes.io/controller-uid"] = uid;
                    labels["batch.kubernetes.io/job-name"] = name;
                    labels["controller-uid"] = uid;
                    labels["job-name"] = name;
                }

                obj["status"] ??= new JsonObject();
                break;
            case "coordination.k8s.io/leases":
                break;
        }
    }

    private static void PodTemplate(JsonObject? template)
    {
        if (template is null)
        {
            return;
        }

        var metadata = template["metadata"] as JsonObject ?? [];
        template["metadata"] = metadata;
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }

        metadata["labels"] ??= new JsonObject();
        if (template["spec"] is not JsonObject pod)
        {
            return;
        }

        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in (pod[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                container["resources"] ??= new JsonObject();
                container["terminationMessagePath"] ??= "/dev/termination-log";
                container["terminationMessagePolicy"] ??= "File";
                var image = container["image"]?.GetValue<string>() ?? "";
                container["imagePullPolicy"] ??= image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':', StringComparison.Ordinal) ? "Always" : "IfNotPresent";
                foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                }
            }
        }

        pod["restartPolicy"] ??= "Always";
        pod["terminationGracePeriodSeconds"] ??= 30;
        pod["dnsPolicy"] ??= "ClusterFirst";
        pod["securityContext"] ??= new JsonObject();
        pod["schedulerName"] ??= "default-scheduler";
    }

    /// <summary>The checks of built-in kinds that the recorded exchanges exercise (a container needs an image).</summary>
    public static List<(string Reason, string Field, string Message)> Validate(ResourceType type, JsonObject obj)
    {
        var causes = new List<(string, string, string)>();
        var template = type.Key switch
        {
            "apps/deployments" or "apps/statefulsets" or "batch/jobs" => obj["spec"]?["template"] as JsonObject,
            _ => null,
        };
        if (template?["spec"]?["containers"] is JsonArray containers)
        {
            for (var i = 0; i < containers.Count; i++)
            {
                if (containers[i]?["image"] is null)
                {
                    causes.Add(("FieldValueRequired", $"spec.template.spec.containers[{i}].image", "Required value"));
                }
            }
        }

        if (type.Group == "events.k8s.io" && obj["eventTime"] is null)
        {
            causes.Add(("FieldValueRequired", "eventTime", "Required value"));
        }

        return causes;
    }
}
