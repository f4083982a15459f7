Console.WriteLine("simulation: not yet implemented");
