namespace Autoscaler.Kubernetes; internal static class Placeholder { }
