import { randomBytes } from 'node:crypto';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler, Command, Query } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFound, ORG_ID_PATTERN, RuleViolation } from '@ledger/domain';
import { Repository } from 'typeorm';
import { OrganizationEntity } from '../../database/entities';
import { OrganizationDto } from './organizations.dto';

export class CreateOrganization extends Command<OrganizationDto> {
  constructor(readonly orgId: string | undefined, readonly name: string) {
    super();
  }
}

export class ListOrganizations extends Query<OrganizationDto[]> {}

export class GetOrganization extends Query<OrganizationDto> {
  constructor(readonly orgId: string) {
    super();
  }
}

@CommandHandler(CreateOrganization)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganization> {
  constructor(@InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>) {}

  async execute({ orgId, name }: CreateOrganization): Promise<OrganizationDto> {
    const id = orgId ?? generateOrgId(name);
    const result = await this.orgs
      .createQueryBuilder()
      .insert()
      .values({ orgId: id, name })
      .orIgnore()
      .returning(['org_id'])
      .execute();
    if (result.raw.length === 0) throw new RuleViolation('organization_exists', `organization ${id} already exists`, 'orgId');
    return { orgId: id, name };
  }
}

@QueryHandler(ListOrganizations)
export class ListOrganizationsHandler implements IQueryHandler<ListOrganizations> {
  constructor(@InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>) {}

  async execute(): Promise<OrganizationDto[]> {
    const rows = await this.orgs.find({ order: { orgId: 'ASC' } });
    return rows.map(({ orgId, name }) => ({ orgId, name }));
  }
}

@QueryHandler(GetOrganization)
export class GetOrganizationHandler implements IQueryHandler<GetOrganization> {
  constructor(@InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>) {}

  async execute({ orgId }: GetOrganization): Promise<OrganizationDto> {
    const row = ORG_ID_PATTERN.test(orgId) ? await this.orgs.findOneBy({ orgId }) : null;
    if (!row) throw new NotFound('organization_not_found', `organization ${orgId} does not exist`);
    return { orgId: row.orgId, name: row.name };
  }
}

/** A readable id from the name plus a random suffix, so two orgs with one name never collide. */
export function generateOrgId(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
  const suffix = randomBytes(3).toString('hex');
  return /^[a-z0-9]/.test(slug) ? `${slug}-${suffix}` : `org-${suffix}`;
}
