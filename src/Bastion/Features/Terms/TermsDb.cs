using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>The terms feature's tables on the shared context (AppDbContext stays untouched).</summary>
public static class TermsDb
{
    extension(AppDbContext db)
    {
        public DbSet<OrgTerm> OrgTerms => db.Set<OrgTerm>();
        public DbSet<OrgTermMember> OrgTermMembers => db.Set<OrgTermMember>();
        public DbSet<TermReminderSent> TermRemindersSent => db.Set<TermReminderSent>();
    }

    /// <summary>Today's date in China, the date reminders and due dates are judged by.</summary>
    public static DateOnly Today() => ChineseDates.Today();
}
