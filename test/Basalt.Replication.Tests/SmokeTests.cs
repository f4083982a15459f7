namespace Basalt.Replication.Tests;

public class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Basalt.Replication.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
