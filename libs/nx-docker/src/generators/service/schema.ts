export interface ServiceGeneratorSchema {
  name: string;
  stack: string;
  port?: number | string;
  route?: string;
}
