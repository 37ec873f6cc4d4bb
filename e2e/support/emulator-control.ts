import type { APIRequestContext } from '@playwright/test';
import { e2ePorts } from './ports';

const origin = `http://127.0.0.1:${e2ePorts().emulator}`;

// A connection of its own per call: a kept-alive socket the emulator closes as idle (Node's 5 s) at the moment a
// test reuses it fails that call with ECONNRESET, which says nothing about the console.
const FRESH = { headers: { connection: 'close' } };

export interface EmulatorFault {
  code: '606' | '615' | '604' | '608' | '611' | '602' | '601' | '607' | 'http500' | 'http502' | 'timeout';
  count?: number;
  probability?: number;
  path?: string;
}

export interface EmulatorLead {
  id: number;
  leadPartitionId: number;
  email: string | null;
  [field: string]: unknown;
}

/** The emulator's control API, reached directly (it is never exposed through the proxy). */
export class EmulatorControl {
  constructor(private readonly request: APIRequestContext) {}

  async reset(): Promise<void> {
    await this.expectOk(this.request.post(`${origin}/__emulator/reset`, FRESH));
  }

  async injectFault(fault: EmulatorFault): Promise<void> {
    await this.expectOk(this.request.post(`${origin}/__emulator/faults`, { ...FRESH, data: fault }));
  }

  async clearFaults(): Promise<void> {
    await this.expectOk(this.request.delete(`${origin}/__emulator/faults`, FRESH));
  }

  async setConfig(config: Record<string, number>): Promise<void> {
    await this.expectOk(this.request.put(`${origin}/__emulator/config`, { ...FRESH, data: config }));
  }

  async leads(): Promise<EmulatorLead[]> {
    const response = await this.request.get(`${origin}/__emulator/leads`, FRESH);
    const body = (await response.json()) as { leads: EmulatorLead[] };
    return body.leads;
  }

  async stats(): Promise<{ calls: number; errorsByCode: Record<string, number> }> {
    const response = await this.request.get(`${origin}/__emulator/stats`, FRESH);
    return (await response.json()) as { calls: number; errorsByCode: Record<string, number> };
  }

  private async expectOk(call: Promise<{ ok(): boolean; status(): number; url(): string }>): Promise<void> {
    const response = await call;
    if (!response.ok())
      throw new Error(`Emulator control call failed: ${response.status()} ${response.url()}`);
  }
}
