namespace Basalt.Storage.Tests;

/// <summary>
/// The test assembly's entry point: xUnit's generated one, plus a child-process mode used by
/// <see cref="ChildProcessTests"/> (<c>Basalt.Storage.Tests storage-child ...</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == StorageChild.Command)
        {
            return StorageChild.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Any(arg => arg is "-automated" or "@@"))
        {
            return Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
        }

        return Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework
            .RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions)
            .GetAwaiter()
            .GetResult();
    }
}
