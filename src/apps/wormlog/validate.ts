export async function validateWormLogTrace(_t: unknown): Promise<{accepted: boolean; message: string}> { throw new Error("todo"); }
