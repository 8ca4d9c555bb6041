using System.CommandLine;
using Autoscaler.Configuration;
using Autoscaler.Runtime;
using Autoscaler.Runtime.Placement;
using Autoscaler.Scaling;
using Autoscaler.Service.Hosting;
using Microsoft.Extensions.Options;

namespace Autoscaler.Service.Cli;

/// <summary>
/// The command line. With no command (or only host options such as <c>--urls</c>) the program runs the service;
/// <c>validate</c> checks YAML files and folders and exits 1 on any error. It reads the node profiles from the
/// service's configuration as the service would from the same folder (<c>appsettings.json</c>,
/// <c>appsettings.{DOTNET_ENVIRONMENT}.json</c>, <c>Autoscaler__Placement__Profiles__*</c> variables), so custom
/// profile names are checked too.
/// </summary>
internal static class AutoscalerCli
{
    private static readonly string[] Commands = ["validate", "simulate", "--help", "-h", "-?", "--version"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = BuildRoot(output ?? Console.Out, error ?? Console.Error);
        return root.Parse(args).InvokeAsync();
    }

    private static RootCommand BuildRoot(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Autoscaler: event-driven, predictive autoscaling. Run with no command to start the service (options: --config DIR, --urls URL).");
        var paths = new Argument<string[]>("paths")
        {
            Description = "YAML files or folders (folders: every .yaml/.yml below them)",
            Arity = ArgumentArity.OneOrMore,
        };
        var validate = new Command("validate", "Check ScaledObject, ScaledJob and TriggerAuthentication YAML; print every error with file, line, field and reason; exit 1 on any error.")
        {
            paths,
        };
        validate.SetAction(parse => Validate(parse.GetValue(paths) ?? [], output, error));
        root.Subcommands.Add(validate);
        root.Subcommands.Add(SimulateCommand.Build(output, error));
        return root;
    }

    internal static int Validate(IReadOnlyList<string> paths, TextWriter output, TextWriter error, IConfiguration? configuration = null)
    {
        configuration ??= ServiceConfiguration();
        var services = new ServiceCollection().AddScalers().AddNodeProfiles();
        services.AddOptions<NodeProfileOptions>().Bind(configuration.GetSection(NodeProfileOptions.Section));
        using var provider = services.BuildServiceProvider();
        IReadOnlyCollection<string> profiles;
        try
        {
            profiles = provider.GetRequiredService<NodeProfileCatalog>().Names;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                error.WriteLine($"configuration: {failure}");
            }

            output.WriteLine("0 valid: the node profile configuration is invalid (appsettings.json or Autoscaler__Placement__Profiles__* variables)");
            return 1;
        }

        var loader = new ManifestLoader(new ResourceValidator(provider.GetRequiredService<IScalerCatalog>(), profiles));
        var result = loader.LoadPaths(paths);
        foreach (var e in result.Errors)
        {
            error.WriteLine(e.ToString());
        }

        foreach (var resource in result.Resources)
        {
            output.WriteLine($"ok   {resource.Key} ({resource.File}:{resource.Position.Line})");
        }

        foreach (var skipped in result.Skipped)
        {
            output.WriteLine($"skip {skipped} (not an Autoscaler or KEDA kind)");
        }

        output.WriteLine($"{result.Resources.Count} valid, {result.InvalidResources.Count + result.UnparsableFiles.Count} invalid, {result.Errors.Count} error(s)");
        return result.IsValid ? 0 : 1;
    }

    /// <summary>The configuration the service would read in this folder (its files and environment variables).</summary>
    private static IConfiguration ServiceConfiguration()
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }
}
