namespace Basalt.Storage.Tests;

public class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Basalt.Storage.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
