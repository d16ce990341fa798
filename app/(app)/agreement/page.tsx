import { AgreementReport } from "@/components/agreement/agreement-report";

export default function Page() {
  return <AgreementReport />;
}
