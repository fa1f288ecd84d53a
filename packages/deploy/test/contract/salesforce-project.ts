/**
 * The segform project the Salesforce crash tests deploy (salesforce-crash, salesforce-kill-points): accounts by
 * industry into three segments, Segment__c set on the Account by upsert on Segform_Key__c, mirror mode. `env` is the
 * prefix of the two environment variables that hold the contract server's URL and token; `extra` is the YAML lines
 * that follow `mode: mirror` (batch size, options).
 */
export function salesforceProject(name: string, env: string, extra: string): string {
  return `version: 1
name: ${name}
source: data/accounts.csv
key: account_id
as_of: "2026-11-01"
fields:
  account_id: { type: string, from: Id, nullable: false }
  industry:   { type: string, from: Industry }
icp:
  include: { industry: { in: [software, fintech, retail] } }
segments:
  - { id: software, when: { industry: software }, activate: [crm-segment] }
  - { id: fintech, when: { industry: fintech }, activate: [crm-segment] }
  - { id: other, activate: [crm-segment] }
activations:
  crm-segment: { destination: crm, set: { Segment__c: "{{ segment.id }}" } }
destinations:
  crm:
    type: salesforce
    url: "\${env:${env}_URL}"
    token: "\${env:${env}_TOKEN}"
    mode: mirror
${extra}`;
}
