import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFound, ORG_ID_PATTERN, RuleViolation } from '@ledger/domain';
import { Repository } from 'typeorm';
import { OrganizationEntity } from '../../database/entities';
import { OrganizationDto } from './organizations.dto';

/** Organizations: created by an admin (orgId generated from the name when absent), listed, looked up. */
@Injectable()
export class Organizations {
  constructor(@InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>) {}

  async create(orgId: string | undefined, name: string): Promise<OrganizationDto> {
    const id = orgId ?? generateOrgId(name);
    const result = await this.orgs
      .createQueryBuilder()
      .insert()
      .values({ orgId: id, name })
      .orIgnore()
      .returning(['org_id'])
      .execute();
    if (result.raw.length === 0)
      throw new RuleViolation('organization_exists', `organization ${id} already exists`, 'orgId');
    return { orgId: id, name };
  }

  async list(): Promise<OrganizationDto[]> {
    const rows = await this.orgs.find({ order: { orgId: 'ASC' } });
    return rows.map(({ orgId, name }) => ({ orgId, name }));
  }

  async get(orgId: string): Promise<OrganizationDto> {
    const row = ORG_ID_PATTERN.test(orgId) ? await this.orgs.findOneBy({ orgId }) : null;
    if (!row) throw new NotFound('organization_not_found', `organization ${orgId} does not exist`);
    return { orgId: row.orgId, name: row.name };
  }
}

/** A readable id from the name plus a random suffix, so two orgs with one name never collide. */
export function generateOrgId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  const suffix = randomBytes(3).toString('hex');
  return /^[a-z0-9]/.test(slug) ? `${slug}-${suffix}` : `org-${suffix}`;
}
