using Basalt.Simulation;

SimulationOptions options;
try
{
    options = SimulationOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(SimulationOptions.Usage);
    return 2;
}

var summary = SimulationRunner.Run(options, Console.Out);
return summary.Failures == 0 ? 0 : 1;
