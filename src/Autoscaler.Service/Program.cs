using Autoscaler.Service.Cli;
using Autoscaler.Service.Hosting;

if (AutoscalerCli.IsCommand(args))
{
    return await AutoscalerCli.InvokeAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAutoscaler(args);
var app = builder.Build();
app.MapAutoscaler();
await app.RunAsync();
return 0;
