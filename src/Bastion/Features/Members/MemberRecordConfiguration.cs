using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Members;

// EF mappings of the member record tabs and correction requests (tables from 0008_member_record_tabs.sql;
// snake_case names come from AppDbContext).

public sealed class MemberPostConfiguration : IEntityTypeConfiguration<MemberPost>
{
    public void Configure(EntityTypeBuilder<MemberPost> e)
    {
        e.ToTable("member_posts");
        e.Property(p => p.Title).HasMaxLength(MemberRecordRules.TitleMax);
        e.Property(p => p.OrgName).HasMaxLength(MemberRecordRules.OrgNameMax);
        e.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(p => p.MemberId);
    }
}

public sealed class MemberRewardPenaltyConfiguration : IEntityTypeConfiguration<MemberRewardPenalty>
{
    public void Configure(EntityTypeBuilder<MemberRewardPenalty> e)
    {
        e.ToTable("member_rewards_penalties");
        e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(4);
        e.Property(r => r.Title).HasMaxLength(MemberRecordRules.RewardTitleMax);
        e.Property(r => r.Issuer).HasMaxLength(MemberRecordRules.IssuerMax);
        e.Property(r => r.DocNo).HasMaxLength(MemberRecordRules.DocNoMax);
        e.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => r.MemberId);
    }
}

public sealed class MemberFamilyMemberConfiguration : IEntityTypeConfiguration<MemberFamilyMember>
{
    public void Configure(EntityTypeBuilder<MemberFamilyMember> e)
    {
        e.ToTable("member_family_members");
        e.Property(f => f.Name).HasMaxLength(MemberRecordRules.NameMax);
        e.Property(f => f.Relation).HasMaxLength(MemberRecordRules.RelationMax);
        e.Property(f => f.Employer).HasMaxLength(MemberRecordRules.EmployerMax);
        e.Property(f => f.Post).HasMaxLength(MemberRecordRules.PostMax);
        e.Property(f => f.PoliticalStatus).HasMaxLength(MemberRecordRules.PoliticalStatusMax);
        e.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(f => f.MemberId);
    }
}

public sealed class MemberPhotoConfiguration : IEntityTypeConfiguration<MemberPhoto>
{
    public void Configure(EntityTypeBuilder<MemberPhoto> e)
    {
        e.ToTable("member_photos");
        e.Property(p => p.ContentType).HasMaxLength(20);
        e.Property(p => p.Content).HasColumnType("bytea").HasConversion(
            v => v.ToArray(), v => new ImageBytes(v),
            new ValueComparer<ImageBytes>((a, b) => ReferenceEquals(a, b) || (a != null && a.SameAs(b)), v => v.Length, v => v));
        e.Property(p => p.UploadedBy).HasMaxLength(100);
        e.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(p => p.MemberId).IsUnique();
    }
}

public sealed class MemberCorrectionConfiguration : IEntityTypeConfiguration<MemberCorrection>
{
    public void Configure(EntityTypeBuilder<MemberCorrection> e)
    {
        e.ToTable("member_corrections");
        e.Property(c => c.RequestedBy).HasMaxLength(100);
        e.Property(c => c.Field).HasMaxLength(30);
        e.Property(c => c.CurrentValue).HasMaxLength(500);
        e.Ignore(c => c.Proposed);
        e.Property(c => c.ProposedValue).HasMaxLength(MemberCorrectionRules.ValueMax);
        e.Property(c => c.IdNumber).HasMaxLength(18);
        e.Property(c => c.Phone).HasMaxLength(20);
        e.Property(c => c.Reason).HasMaxLength(MemberCorrectionRules.ReasonMax);
        e.Property(c => c.State).HasConversion<string>().HasMaxLength(4);
        e.Property(c => c.DecidedBy).HasMaxLength(100);
        e.Property(c => c.DecisionReason).HasMaxLength(MemberCorrectionRules.ReasonMax);
        e.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<AppUser>().WithMany().HasForeignKey(c => c.RequestedByUserId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(c => c.MemberId);
        e.HasIndex(c => c.State);
        e.HasIndex(c => c.RequestedByUserId);
    }
}
