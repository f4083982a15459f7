namespace Basalt.Api.Tests;

public class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Basalt.Api.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
