using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Autoscaler.Kubernetes;

/// <summary>Reads the HTTP status of a failed API call.</summary>
internal static class ApiErrors
{
    public static bool Is(Exception e, HttpStatusCode code) => e is HttpOperationException { Response.StatusCode: var status } && status == code;

    /// <summary>The Status message the API server sent, else the exception's.</summary>
    public static string Message(Exception e)
    {
        if (e is HttpOperationException { Response.Content: { Length: > 0 } content })
        {
            try
            {
                if (JsonNode.Parse(content)?["message"]?.GetValue<string>() is { } message)
                {
                    return message;
                }
            }
            catch (JsonException)
            {
            }
        }

        return e.Message;
    }
}
