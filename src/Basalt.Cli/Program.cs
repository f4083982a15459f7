using System.CommandLine;
using Basalt.Cli;

var root = new RootCommand("Basalt: a DynamoDB-compatible database.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(NodeCommand.Create());
root.Subcommands.Add(MetaCommand.Create());
root.Subcommands.Add(MemDsCommand.Create());
root.Subcommands.Add(RouterCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(Basalt.Cli.Bench.BenchCommand.Create());
root.Subcommands.Add(Basalt.Cli.Admin.AdminCommand.Create());
root.Subcommands.Add(Basalt.Cli.Cluster.ClusterCommand.Create());
// serve handles SIGINT/SIGTERM itself (a clean shutdown that may take longer than System.CommandLine's
// default grace period on a loaded machine), so the parser must not force an exit code on Ctrl+C.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
