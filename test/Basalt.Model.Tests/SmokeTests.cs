namespace Basalt.Model.Tests;

public class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("Basalt.Model.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
