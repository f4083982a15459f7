using System.CommandLine;
using Basalt.Cli;

var root = new RootCommand("Basalt: a DynamoDB-compatible database.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(Basalt.Cli.Bench.BenchCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
