using System.Reflection;
using System.Xml.Linq;
using Autoscaler.Testing;

namespace Autoscaler.Tests.Architecture;

/// <summary>
/// The layering the architecture promises: the engine is pure (no Kubernetes, ASP.NET, cloud SDK, hosting or HTTP),
/// and a scaler depends on the abstractions and its own SDKs only.
/// </summary>
public sealed class BoundaryTests
{
    private static readonly string[] ForbiddenInEngine =
    [
        "KubernetesClient", "k8s", "Microsoft.AspNetCore", "AWSSDK", "Confluent", "Azure", "MQTTnet", "CloudNative",
        "Microsoft.Extensions.Hosting", "prometheus-net", "System.Net.Http", "Autoscaler.Runtime", "Autoscaler.Service",
        "Autoscaler.Kubernetes", "Autoscaler.Configuration",
    ];

    public static TheoryData<string> ScalerProjects()
    {
        var data = new TheoryData<string>();
        foreach (var project in Directory.EnumerateFiles(RepoPaths.InRoot("scalers"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, project));
        }

        return data;
    }

    [Fact]
    public void Engine_ReferencesNoKubernetesAspNetCloudOrIoPackage_EvenTransitively()
    {
        var closure = ProjectClosure(RepoPaths.InRoot("src", "Autoscaler.Engine", "Autoscaler.Engine.csproj"));

        Assert.Contains(closure.Projects, p => p.EndsWith("Autoscaler.Abstractions.csproj", StringComparison.Ordinal));
        foreach (var reference in closure.Projects.Select(Path.GetFileNameWithoutExtension).Concat(closure.Packages).Concat(closure.Frameworks))
        {
            Assert.DoesNotContain(ForbiddenInEngine, f => reference!.StartsWith(f, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void EngineAssembly_LoadsNoForbiddenAssembly()
    {
        var engine = typeof(Autoscaler.Engine.ScaleEngine).Assembly;

        foreach (var reference in engine.GetReferencedAssemblies())
        {
            Assert.DoesNotContain(ForbiddenInEngine, f => reference.Name!.StartsWith(f, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [MemberData(nameof(ScalerProjects))]
    public void Scaler_ReferencesOnlyTheAbstractions(string project)
    {
        var closure = ProjectClosure(RepoPaths.InRoot(project));

        var ownProjects = closure.Projects.Where(p => !p.EndsWith(Path.GetFileName(project), StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.Equal(["Autoscaler.Abstractions.csproj"], ownProjects);
        Assert.DoesNotContain(closure.Frameworks, f => f.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceProgram_IsShort()
    {
        var lines = File.ReadAllLines(RepoPaths.InRoot("src", "Autoscaler.Service", "Program.cs")).Count(l => l.Trim().Length > 0);

        Assert.InRange(lines, 1, 20);
    }

    private static (HashSet<string> Projects, HashSet<string> Packages, HashSet<string> Frameworks) ProjectClosure(string project)
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var packages = new HashSet<string>(StringComparer.Ordinal);
        var frameworks = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var path))
        {
            if (!projects.Add(path))
            {
                continue;
            }

            var xml = XDocument.Load(path);
            var sdk = xml.Root!.Attribute("Sdk")?.Value ?? "";
            if (sdk.Contains("Web", StringComparison.Ordinal))
            {
                frameworks.Add("Microsoft.AspNetCore.App");
            }

            foreach (var element in xml.Descendants())
            {
                var include = element.Attribute("Include")?.Value;
                if (include is null)
                {
                    continue;
                }

                switch (element.Name.LocalName)
                {
                    case "ProjectReference":
                        pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include.Replace('\\', '/'))));
                        break;
                    case "PackageReference":
                        packages.Add(include);
                        break;
                    case "FrameworkReference":
                        frameworks.Add(include);
                        break;
                }
            }
        }

        return (projects, packages, frameworks);
    }
}
