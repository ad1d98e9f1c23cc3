import type { DayTally } from './day-marks';
import type { RecordMeeting } from './work-record';

/** The printed form's wording; the form is a Chinese Party document, so it is Chinese only. */
export const RECORD_TITLE = '原料在外党员工作记录';

export const recordHeading = (p: { branch: string; group: string; month: string }) =>
  `${p.branch} · ${p.group} · ${p.month.slice(0, 4)} 年 ${Number(p.month.slice(5, 7))} 月`;

export const recordPerson = (p: { name: string; partyStatus: string; station: string | null }) =>
  `姓名：${p.name}　　政治面貌：${p.partyStatus}　　驻地：${p.station ?? '—'}`;

export const recordTotals = (t: DayTally, leaveDays: number) =>
  `应报 ${t.required} 天，已报 ${t.reported} 天（其中补报 ${t.late} 天），漏报 ${t.missed} 天，请假 ${leaveDays} 天`;

export const RECORD_SECTIONS = {
  days: '一、每日在岗情况',
  study: '二、学习情况',
  meetings: '三、组织生活（会议与补学）',
  leave: '四、请假',
  care: '五、家庭关爱',
} as const;

export const DAY_COLUMNS = ['日期', '报平安', '地点', '状态', '备注'] as const;
export const STUDY_COLUMNS = ['内容', '类别', '笔记时间', '学习笔记'] as const;
export const MEETING_COLUMNS = ['时间', '类型', '主题', '出勤', '补学'] as const;
export const LEAVE_COLUMNS = ['开始', '结束', '事由', '状态'] as const;

export const NONE = '无';
export const studyKind = (kind: 'study' | 'makeup') => (kind === 'makeup' ? '补学' : '学习');
export const attendanceWord: Record<RecordMeeting['attendance'], string> = { present: '出席', excused: '请假', absent: '缺席', open: '未签到' };
export const makeupWord = (m: boolean | null) => (m === null ? '' : m ? '已补学' : '未补学');
export const signatureLine = '党小组长（签字）：______________　　支部书记（签字）：______________';
