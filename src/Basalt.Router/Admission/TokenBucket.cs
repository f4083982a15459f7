namespace Basalt.Router.Admission;

/// <summary>
/// A token bucket on a clock of seconds, lock-free. Its whole state is one number, the instant at
/// which the bucket is (or was) empty, so the balance is <c>min(capacity, (now − emptyAt) × rate)</c>:
/// refilling writes nothing, and taking tokens moves that instant forward by <c>units / rate</c>
/// with one compare-and-swap. <see cref="Take"/> may leave a negative balance (debt, repaid by the
/// refill); <see cref="TakeDownTo"/> never goes below a floor.
/// </summary>
public sealed class TokenBucket
{
    /// <summary>Balances this small count as empty (rounding residue of the clock arithmetic).</summary>
    private const double Dust = 1e-6;

    private readonly Lock _reshape = new();
    private double _rate;
    private double _capacity;
    private double _emptyAt;

    /// <param name="rate">Tokens added per second; must be positive.</param>
    /// <param name="capacity">Most tokens the bucket holds; must be positive.</param>
    /// <param name="initialTokens">Balance at <paramref name="now"/> (capped at the capacity).</param>
    /// <param name="now">Current time in seconds on the caller's clock.</param>
    public TokenBucket(double rate, double capacity, double initialTokens, double now)
    {
        Check(rate, capacity);
        _rate = rate;
        _capacity = capacity;
        _emptyAt = now - (Math.Min(initialTokens, capacity) / rate);
    }

    public double Rate => Volatile.Read(ref _rate);

    public double Capacity => Volatile.Read(ref _capacity);

    /// <summary>The balance at <paramref name="now"/>: at most the capacity, negative when in debt.</summary>
    public double Balance(double now) => Math.Min(Volatile.Read(ref _capacity), (now - Volatile.Read(ref _emptyAt)) * Volatile.Read(ref _rate));

    /// <summary>Whether the balance is positive at <paramref name="now"/> (no write, no lock).</summary>
    public bool HasTokens(double now) => (now - Volatile.Read(ref _emptyAt)) * Volatile.Read(ref _rate) > Dust;

    /// <summary>Takes <paramref name="units"/>, going into debt if the balance is short.</summary>
    public void Take(double now, double units)
    {
        while (true)
        {
            var emptyAt = Volatile.Read(ref _emptyAt);
            var rate = Volatile.Read(ref _rate);
            var start = Math.Max(emptyAt, now - (Volatile.Read(ref _capacity) / rate));
            if (Interlocked.CompareExchange(ref _emptyAt, start + (units / rate), emptyAt) == emptyAt)
            {
                return;
            }
        }
    }

    /// <summary>Takes up to <paramref name="units"/> from a positive balance; returns how many it took.</summary>
    public double TakeAvailable(double now, double units) => TakeDownTo(now, units, 0);

    /// <summary>Takes up to <paramref name="units"/> without leaving the balance below <paramref name="floor"/>; returns how many it took.</summary>
    public double TakeDownTo(double now, double units, double floor)
    {
        while (true)
        {
            var emptyAt = Volatile.Read(ref _emptyAt);
            var rate = Volatile.Read(ref _rate);
            var start = Math.Max(emptyAt, now - (Volatile.Read(ref _capacity) / rate));
            var available = ((now - start) * rate) - floor;
            if (available <= 0)
            {
                return 0;
            }

            var taken = Math.Min(units, available);
            var next = taken == available ? now - (floor / rate) : start + (taken / rate);
            if (Interlocked.CompareExchange(ref _emptyAt, next, emptyAt) == emptyAt)
            {
                return taken;
            }
        }
    }

    /// <summary>
    /// Changes the rate and capacity, keeping the balance (capped at the new capacity). Rare
    /// (throughput changes, GAC grants); a take racing with it may be lost, an error of one request.
    /// </summary>
    public void Reshape(double now, double rate, double capacity)
    {
        Check(rate, capacity);
        lock (_reshape)
        {
            if (rate == Volatile.Read(ref _rate) && capacity == Volatile.Read(ref _capacity))
            {
                return;
            }

            var balance = Math.Min(Balance(now), capacity);
            Volatile.Write(ref _rate, rate);
            Volatile.Write(ref _capacity, capacity);
            Interlocked.Exchange(ref _emptyAt, now - (balance / rate));
        }
    }

    /// <summary>Sets the balance (a new partition's full burst bucket, tests).</summary>
    public void Reset(double now, double balance)
    {
        lock (_reshape)
        {
            Interlocked.Exchange(ref _emptyAt, now - (Math.Min(balance, Volatile.Read(ref _capacity)) / Volatile.Read(ref _rate)));
        }
    }

    private static void Check(double rate, double capacity)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "A token bucket needs a positive, finite rate.");
        }

        if (!(capacity > 0) || double.IsInfinity(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A token bucket needs a positive, finite capacity.");
        }
    }
}
