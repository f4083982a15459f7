using Basalt.Router.Admission;

namespace Basalt.Router.Tests;

public sealed class TokenBucketTests
{
    [Fact]
    public void A_bucket_refills_at_its_rate_up_to_its_capacity()
    {
        var bucket = new TokenBucket(rate: 5, capacity: 20, initialTokens: 0, now: 100);

        Assert.Equal(0, bucket.Balance(100), 9);
        Assert.Equal(10, bucket.Balance(102), 9);
        Assert.Equal(20, bucket.Balance(104), 9);
        Assert.Equal(20, bucket.Balance(1000), 9);
    }

    [Fact]
    public void Taking_more_than_the_balance_leaves_a_debt_that_the_refill_repays()
    {
        var bucket = new TokenBucket(rate: 5, capacity: 20, initialTokens: 20, now: 0);

        bucket.Take(0, 30);

        Assert.Equal(-10, bucket.Balance(0), 9);
        Assert.False(bucket.HasTokens(1.9));
        Assert.True(bucket.HasTokens(2.1));
        Assert.Equal(0, bucket.Balance(2), 9);
    }

    [Fact]
    public void A_full_bucket_does_not_bank_tokens_beyond_its_capacity_before_a_take()
    {
        var bucket = new TokenBucket(rate: 1, capacity: 10, initialTokens: 10, now: 0);

        bucket.Take(500, 4);

        Assert.Equal(6, bucket.Balance(500), 9);
    }

    [Fact]
    public void TakeAvailable_takes_only_a_positive_balance()
    {
        var bucket = new TokenBucket(rate: 2, capacity: 10, initialTokens: 3, now: 0);

        Assert.Equal(3, bucket.TakeAvailable(0, 5), 9);
        Assert.Equal(0, bucket.TakeAvailable(0, 5), 9);
        Assert.Equal(0, bucket.Balance(0), 9);
        Assert.Equal(2, bucket.TakeAvailable(1, 5), 9);
    }

    [Fact]
    public void Reshape_keeps_the_balance_within_the_new_capacity()
    {
        var bucket = new TokenBucket(rate: 10, capacity: 100, initialTokens: 80, now: 0);

        bucket.Reshape(0, rate: 1, capacity: 50);

        Assert.Equal(50, bucket.Balance(0), 9);
        bucket.Take(0, 50);
        Assert.Equal(5, bucket.Balance(5), 9);
    }

    [Fact]
    public void Concurrent_takes_are_all_counted()
    {
        var bucket = new TokenBucket(rate: 1, capacity: 1_000_000, initialTokens: 1_000_000, now: 0);

        Parallel.For(0, 100_000, _ => bucket.Take(0, 1));

        Assert.Equal(900_000, bucket.Balance(0), 6);
    }
}
