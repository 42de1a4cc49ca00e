namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>
/// The one page header of the 志愿书 number pages (_BooksHeader.cshtml): the title with the 党委 it concerns, the page's
/// links, and the rule the page applies in one sentence.
/// </summary>
public sealed record VolunteerBooksHeader(string Title, string OrgName, string Rule, IReadOnlyList<VolunteerBooksHeader.Link> Links)
{
    public sealed record Link(string Id, string Text, string Href, string Icon, string Style = "btn-outline-secondary");
}
