namespace Basalt.Model.Tests;

public class CapacityTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 1.0)]
    [InlineData(4096, 1.0)]
    [InlineData(4097, 2.0)]
    [InlineData(409600, 100.0)]
    public void StronglyConsistentReadsCostOneUnitPerFourKilobytesRoundedUp(long bytes, double units) =>
        Assert.Equal(units, Capacity.ReadUnits(bytes, stronglyConsistent: true));

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(4096, 0.5)]
    [InlineData(4097, 1.0)]
    [InlineData(12289, 2.0)]
    public void EventuallyConsistentReadsCostHalf(long bytes, double units) =>
        Assert.Equal(units, Capacity.ReadUnits(bytes, stronglyConsistent: false));

    [Theory]
    [InlineData(1, 2.0)]
    [InlineData(8193, 6.0)]
    public void TransactionalReadsCostDouble(long bytes, double units)
    {
        Assert.Equal(units, Capacity.ReadUnits(bytes, stronglyConsistent: true, transactional: true));
        Assert.Equal(units, Capacity.ReadUnits(bytes, stronglyConsistent: false, transactional: true));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1024, 1.0)]
    [InlineData(1025, 2.0)]
    [InlineData(409600, 400.0)]
    public void WritesCostOneUnitPerKilobyteRoundedUp(long bytes, double units) =>
        Assert.Equal(units, Capacity.WriteUnits(bytes));

    [Fact]
    public void TransactionalWritesCostDouble() => Assert.Equal(4.0, Capacity.WriteUnits(1025, transactional: true));
}
