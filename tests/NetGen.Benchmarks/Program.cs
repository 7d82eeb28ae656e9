using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Median and Min beside the Mean: on a shared machine a slow phase drags the mean of a short run (3 iterations) up,
// and the peer figures are medians.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median, StatisticColumn.Min);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
