Console.WriteLine("basalt");
