using System.IO.Hashing;

namespace Basalt.Partition;

/// <summary>
/// Per-key latches for read-modify-write: a fixed array of striped async locks indexed by a hash
/// of the item key. Several keys are taken in stripe order, so batches cannot deadlock.
/// </summary>
public sealed class KeyLatches
{
    private const int StripeCount = 4096;
    private readonly SemaphoreSlim[] _stripes;

    public KeyLatches()
    {
        _stripes = new SemaphoreSlim[StripeCount];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public async ValueTask<Releaser> AcquireAsync(byte[] key)
    {
        var stripe = Stripe(key);
        await _stripes[stripe].WaitAsync().ConfigureAwait(false);
        return new Releaser(this, [stripe]);
    }

    public async ValueTask<Releaser> AcquireAllAsync(IEnumerable<byte[]> keys)
    {
        var stripes = new SortedSet<int>();
        foreach (var key in keys)
        {
            stripes.Add(Stripe(key));
        }

        var taken = new int[stripes.Count];
        var n = 0;
        foreach (var stripe in stripes)
        {
            await _stripes[stripe].WaitAsync().ConfigureAwait(false);
            taken[n++] = stripe;
        }

        return new Releaser(this, taken);
    }

    private static int Stripe(byte[] key) => (int)(XxHash3.HashToUInt64(key) % StripeCount);

    /// <summary>Releases the latches taken by one acquire.</summary>
    public readonly struct Releaser(KeyLatches owner, int[] stripes) : IDisposable
    {
        public void Dispose()
        {
            foreach (var stripe in stripes)
            {
                owner._stripes[stripe].Release();
            }
        }
    }
}
