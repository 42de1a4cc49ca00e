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
}
