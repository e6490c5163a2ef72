export interface RemoveServiceSchema {
  name: string;
}
