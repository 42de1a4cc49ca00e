using Microsoft.Playwright;

namespace Bastion.E2E.Infrastructure;

public static class PageExtensions
{
    /// <summary>
    /// Runs an action that makes the page load a new document (a form post, a link) and waits until that new
    /// document is committed and loaded — so assertions never pass on the page we just left. "Loaded" is read from the
    /// document (readyState complete), not awaited as an event: WaitForLoadStateAsync called from another thread than
    /// Playwright's dispatcher could miss a load event fired between its check and its subscription (seen once under
    /// load: the page was there, the wait timed out).
    /// </summary>
    public static async Task NavigatesByAsync(this IPage page, Func<Task> action)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame) committed.TrySetResult();
        }
        page.FrameNavigated += OnNavigated;
        try
        {
            await action();
            await committed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
        }
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { Timeout = 15_000 });
    }

    /// <summary>Width of the document beyond the viewport, in CSS pixels (0 when nothing overflows).</summary>
    public static Task<int> ScrollWidthAsync(this IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
}
