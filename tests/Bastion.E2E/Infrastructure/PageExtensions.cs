using Microsoft.Playwright;

namespace Bastion.E2E.Infrastructure;

public static class PageExtensions
{
    /// <summary>
    /// Runs an action that makes the page load a new document (a form post, a link) and waits until that new
    /// document is committed and loaded — so assertions never pass on the page we just left.
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
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Width of the document beyond the viewport, in CSS pixels (0 when nothing overflows).</summary>
    public static Task<int> ScrollWidthAsync(this IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
}
