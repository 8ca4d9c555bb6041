using Autoscaler.Benchmarks;

// Each benchmark is one class in this folder and one line here, in alphabetical order.
IBenchmark[] benchmarks =
[
    new ControlLoopBenchmark(),
    new ReplayBenchmark(),
    new PredictionBenchmark(),
    new KafkaLagBenchmark(),
    new SqsLoopBenchmark(),
    new EventToDecisionBenchmark(),
    new WebhookIngestBenchmark(),
    new JournalSnapshotBenchmark(),
    new KubernetesBenchmark(),
];

if (args.Length == 0 || benchmarks.All(b => b.Name != args[0]))
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Autoscaler.Benchmarks -- NAME [args]");
    foreach (var b in benchmarks)
    {
        Console.WriteLine($"  {b.Name,-24} {b.Description}");
    }

    return args.Length == 0 ? 0 : 2;
}

await benchmarks.First(b => b.Name == args[0]).RunAsync(args[1..]);
return 0;
